namespace RetroGrid.Dropbox;

/// <summary>
/// A stable RetroGrid error code: what went wrong in words a user understands, and what to do next.
/// Codes never change meaning once published; <c>RG1xxx</c> is the Dropbox destination range (docs/errors.md).
/// </summary>
/// <param name="Code">The stable code, e.g. <c>RG1001</c>.</param>
/// <param name="Name">A PascalCase name for programs and logs, e.g. <c>NeedsReauthorization</c>.</param>
/// <param name="Message">A plain message for people.</param>
/// <param name="NextStep">What the user or operator should do.</param>
public sealed record RetroGridErrorCode(string Code, string Name, string Message, string NextStep)
{
    public override string ToString() => $"{Code} {Name}";
}
