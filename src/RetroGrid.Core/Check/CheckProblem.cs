namespace RetroGrid.Core.Check;

/// <summary>One damaged or missing object found by <see cref="SetChecker"/>.</summary>
/// <param name="Area">The part of the check that found it.</param>
/// <param name="Code">The RetroGrid error code (<c>RG2001</c> corrupt, <c>RG2004</c> missing, …).</param>
/// <param name="ObjectName">The object, e.g. <c>packs/3f/3f2a…</c>, <c>snapshots/9c1e…</c> or <c>blob 7d0c…</c>.</param>
/// <param name="Message">What is wrong with it, in plain words.</param>
public sealed record CheckProblem(CheckArea Area, string Code, string ObjectName, string Message);
