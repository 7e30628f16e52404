using MessagePack;

namespace RetroGrid.Core.Formats;

/// <summary>
/// One directory's entries, stored as a blob of type Tree. Nodes are sorted by name (ordinal), so the encoding is
/// deterministic: an unchanged directory encodes to the same bytes, hence the same blob id, and dedupes.
/// </summary>
[MessagePackObject]
public sealed record Tree : IFormatObject
{
    [Key(0)]
    public IReadOnlyList<TreeNode> Nodes { get; init; } = [];

    /// <summary>A tree of <paramref name="nodes"/> in canonical (ordinal name) order.</summary>
    public static Tree Create(IEnumerable<TreeNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var sorted = nodes.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new Tree { Nodes = sorted };
    }

    string? IFormatObject.FindProblem()
    {
        if (Nodes is null)
        {
            return "its node list is nil.";
        }

        string? previous = null;
        foreach (var node in Nodes)
        {
            if (node is null)
            {
                return "a node is nil.";
            }

            if (node.FindProblem() is { } problem)
            {
                return problem;
            }

            if (previous is not null && string.CompareOrdinal(previous, node.Name) >= 0)
            {
                return $"node '{node.Name}' is out of order or repeated.";
            }

            previous = node.Name;
        }

        return null;
    }
}
