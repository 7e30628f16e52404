using System.Text.Json;

namespace RetroGrid.Deploy.Tests;

/// <summary>
/// A Dockerfile read as the builder reads it: comments and parser directives dropped, continued lines joined, one
/// instruction per entry, grouped into build stages (global ARGs before the first FROM apart).
/// </summary>
internal sealed class Dockerfile
{
    /// <summary>Every instruction of the Dockerfile reference.</summary>
    public static readonly IReadOnlySet<string> Keywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER",
        "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
    };

    private Dockerfile(IReadOnlyList<Instruction> instructions)
    {
        Instructions = instructions;
        GlobalArgs = [.. instructions.TakeWhile(i => i.Keyword != "FROM").Where(i => i.Keyword == "ARG")];
        var stages = new List<List<Instruction>>();
        foreach (var instruction in instructions.SkipWhile(i => i.Keyword != "FROM"))
        {
            if (instruction.Keyword == "FROM")
            {
                stages.Add([]);
            }

            stages[^1].Add(instruction);
        }

        Stages = [.. stages.Select(s => (IReadOnlyList<Instruction>)s)];
    }

    public IReadOnlyList<Instruction> Instructions { get; }

    public IReadOnlyList<Instruction> GlobalArgs { get; }

    /// <summary>Each stage's instructions, its FROM first.</summary>
    public IReadOnlyList<IReadOnlyList<Instruction>> Stages { get; }

    public IReadOnlyList<Instruction> FinalStage => Stages[^1];

    public static Dockerfile Load(string path)
    {
        var instructions = new List<Instruction>();
        var pending = string.Empty;
        var startLine = 0;
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.TrimStart();
            if (line.StartsWith('#'))
            {
                continue;
            }

            if (pending.Length == 0)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                startLine = lineNumber;
            }

            if (line.TrimEnd().EndsWith('\\'))
            {
                pending += line.TrimEnd()[..^1] + " ";
                continue;
            }

            pending += line;
            var space = pending.IndexOfAny([' ', '\t']);
            instructions.Add(new Instruction(
                (space < 0 ? pending : pending[..space]).ToUpperInvariant(),
                space < 0 ? string.Empty : pending[(space + 1)..].Trim(),
                startLine));
            pending = string.Empty;
        }

        return new Dockerfile(instructions);
    }

    /// <summary>An instruction: its keyword (upper case), its arguments as written (continuations joined), its first line.</summary>
    internal sealed record Instruction(string Keyword, string Arguments, int Line)
    {
        /// <summary>The exec form (a JSON array of strings) of CMD, ENTRYPOINT and the like.</summary>
        public string[] ExecForm() =>
            JsonSerializer.Deserialize<string[]>(Arguments) ?? throw new InvalidDataException($"line {Line}: {Keyword} is not in exec form");

        public override string ToString() => $"line {Line}: {Keyword} {Arguments}";
    }
}
