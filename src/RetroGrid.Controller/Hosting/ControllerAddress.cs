namespace RetroGrid.Controller.Hosting;

/// <summary>Where the controller listens, known once Kestrel has bound (port 0 picks one).</summary>
internal sealed class ControllerAddress
{
    private Uri? _baseAddress;

    public Uri BaseAddress
    {
        get => _baseAddress ?? throw new InvalidOperationException("The controller is not listening yet.");
        set => _baseAddress = value;
    }
}
