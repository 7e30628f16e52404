using System.CommandLine;
using RetroGrid.Quickstart;

// `dotnet run --project src/RetroGrid.Quickstart [-- [WORK] [--source PATH] [--app-key KEY]]`
var work = new Argument<string?>("work") { Description = "Folder for everything the quickstart makes (default: a new temporary folder).", Arity = ArgumentArity.ZeroOrOne };
var source = new Option<string?>("--source") { Description = "Back up this folder instead of a generated sample workstation." };
var appKey = new Option<string?>("--app-key") { Description = "Your Dropbox app's key: link a real Dropbox account (you paste the code) instead of the emulator." };
var dropboxUrl = new Option<Uri?>("--dropbox-url") { Description = "With --app-key: a Dropbox-compatible server instead of Dropbox itself." };
var root = new RootCommand("RetroGrid quickstart: emulator (or Dropbox), controller and one agent; a backup and a verified restore.") { work, source, appKey, dropboxUrl };
root.SetAction((parse, cancellationToken) => QuickstartRun.RunAsync(
    new QuickstartOptions
    {
        WorkDirectory = parse.GetValue(work),
        Source = parse.GetValue(source),
        AppKey = parse.GetValue(appKey),
        DropboxAddress = parse.GetValue(dropboxUrl),
    },
    Console.Out,
    cancellationToken));

// System.CommandLine turns Ctrl+C into cancellation: the jobs stop at a consistent point.
return await root.Parse(args).InvokeAsync();
