using BenchmarkDotNet.Running;
using RetroGrid.Benchmarks.SideBySide;

namespace RetroGrid.Benchmarks;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        // `dataset ...` makes the side-by-side data set (SideBySide/run.sh); `controller-load` is the fleet load run
        // (ControllerLoad/); everything else is BenchmarkDotNet.
        if (args.Length > 0 && args[0] == "dataset")
        {
            return DatasetGenerator.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "controller-load")
        {
            return await ControllerLoad.ControllerLoadRun.RunAsync(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
