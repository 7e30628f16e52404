using RetroGrid.Rgctl;

// Ctrl+C and SIGTERM are System.CommandLine's to handle: it cancels the running command's token (a followed job stops
// being followed, and goes on) and ends the process if the command has not returned two seconds later (a prompt
// blocked reading stdin). A second handler here would race the end of Main and cancel a disposed token.
return await RgctlApplication.RunAsync(args, RgctlConsole.FromProcess(), CancellationToken.None);
