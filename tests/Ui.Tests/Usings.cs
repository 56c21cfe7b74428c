global using Xunit;

// One browser and one broker host at a time: the machine is small and the tests are about behaviour, not load.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
