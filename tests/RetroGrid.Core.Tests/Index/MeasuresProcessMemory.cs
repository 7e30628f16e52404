namespace RetroGrid.Core.Tests.Index;

/// <summary>Tests that measure process-wide memory run alone: other tests' allocations would skew GC.GetTotalMemory.</summary>
[CollectionDefinition(nameof(MeasuresProcessMemory), DisableParallelization = true)]
public sealed class MeasuresProcessMemory;
