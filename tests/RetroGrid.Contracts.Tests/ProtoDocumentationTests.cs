using System.Text.RegularExpressions;

namespace RetroGrid.Contracts.Tests;

/// <summary>
/// The contracts are read by people writing agents, scripts and dashboards: every service, method, message, enum,
/// enum value, oneof and field carries a comment on the line above it.
/// </summary>
public partial class ProtoDocumentationTests
{
    public static TheoryData<string> ProtoFiles() =>
        [.. Directory.GetFiles(Path.Join(AppContext.BaseDirectory, "proto"), "*.proto").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal)];

    [Fact]
    public void ProtoFiles_AllThreeAreCopiedForTheTests() =>
        Assert.Equal(["admin.proto", "agent.proto", "common.proto"], ProtoFiles().Select(row => row.Data));

    [Theory]
    [MemberData(nameof(ProtoFiles))]
    public void EveryDeclaration_HasACommentAbove(string file)
    {
        var lines = File.ReadAllLines(Path.Join(AppContext.BaseDirectory, "proto", file));

        var undocumented = lines
            .Select((line, index) => (Line: line.Trim(), Index: index))
            .Where(l => Declaration().IsMatch(l.Line))
            .Where(l => l.Index == 0 || !lines[l.Index - 1].TrimStart().StartsWith("//", StringComparison.Ordinal))
            .Select(l => $"{file}:{l.Index + 1}: {l.Line}")
            .ToList();

        Assert.Empty(undocumented);
    }

    [Fact]
    public void Declaration_RecognisesEachKindOfLine()
    {
        string[] declarations =
        [
            "service AgentService {", "rpc Enroll(EnrollRequest) returns (EnrollResponse);", "message Job {", "enum JobKind {",
            "oneof kind {", "string id = 1;", "repeated bytes blob_ids = 3;", "google.protobuf.Timestamp sent_at = 1;", "JOB_KIND_BACKUP = 1;",
        ];
        string[] others = ["}", "// a comment", "syntax = \"proto3\";", "package retrogrid.v1;", "import \"retrogrid/v1/common.proto\";", ""];

        Assert.All(declarations, d => Assert.Matches(Declaration(), d));
        Assert.All(others, o => Assert.DoesNotMatch(Declaration(), o));
    }

    [GeneratedRegex(@"^((service|message|enum|oneof) \w+ \{|rpc \w+\(|(repeated |optional )?[\w.]+ \w+ = \d+;|[A-Z][A-Z0-9_]* = \d+;)")]
    private static partial Regex Declaration();
}
