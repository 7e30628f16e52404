namespace RetroGrid.Core.Packs;

/// <summary>Where a <see cref="PackWriter"/> streams its bytes. The sink consumes or copies the data before returning.</summary>
public interface IPackSink
{
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);
}
