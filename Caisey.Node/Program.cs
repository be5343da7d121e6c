using Caisey.Node.Hosting;

return await NodeCommandLine.RunAsync(args);

public partial class Program;
