global using Xunit;

// The three brokers run one after the other: each fleet flow takes both cores for a while, and timings are printed.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
