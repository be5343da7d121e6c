using Caisey.Agent.Hosting;

return await AgentCommandLine.RunAsync(args);
