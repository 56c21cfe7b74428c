using NanoNode.BrokerHost.Cli;

return await BrokerCli.RunAsync(args);
