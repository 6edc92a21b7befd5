using BenchmarkDotNet.Running;
using Timeline.Bench.Anchoring;

// Quote anchoring benchmarks; see BENCHMARKS.md. Run with bench/Anchoring/run.sh [BenchmarkDotNet arguments].
BenchmarkSwitcher.FromAssembly(typeof(AnchoringBenchmarks).Assembly).Run(args);
