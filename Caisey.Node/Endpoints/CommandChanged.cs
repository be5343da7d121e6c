namespace Caisey.Node.Endpoints;

/// <summary>Effect: the command's view changed (for the console and read models).</summary>
/// <param name="Created">True when the step that changed it also created it (its <see cref="CommandQueued"/> is among the
/// step's events): nothing can have recorded it before, so a sink need not look it up.</param>
public sealed record CommandChanged(CommandView Command, bool Created = false);
