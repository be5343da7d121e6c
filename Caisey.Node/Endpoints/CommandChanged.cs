namespace Caisey.Node.Endpoints;

/// <summary>Effect: the command's view changed (for the console and read models).</summary>
public sealed record CommandChanged(CommandView Command);
