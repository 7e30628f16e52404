using Spectre.Console;
using Spectre.Console.Rendering;

namespace RetroGrid.Agent.Cli;

/// <summary>
/// A progress column showing the job's status text (files, bytes, rate, ETA), kept apart from its short title so the
/// bar keeps its place. One display shows one job, so the column holds the text itself.
/// </summary>
internal sealed class StatusColumn : ProgressColumn
{
    private string _text = string.Empty;

    public string Text
    {
        get => Volatile.Read(ref _text);
        set => Volatile.Write(ref _text, value);
    }

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Text(Text, Style.Plain) { Overflow = Overflow.Ellipsis };
}
