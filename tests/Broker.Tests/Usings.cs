global using NanoNode.Broker.Tests.Infrastructure;
global using Xunit;

// The tests start brokers, Mosquitto clients and Python processes; on a 2-core machine running them one class at a
// time keeps timing-dependent steps (keepalive expiry, kill -9 mid-stream) away from CPU starvation.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
