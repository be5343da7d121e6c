namespace Caisey.Protocol.Frames;

/// <summary>Agent → node: the command's process started.</summary>
public sealed record CommandStarted(string Id, string CommandId) : Frame(Id)
{
    public override string? Validate() => FirstProblem(base.Validate(), Required(CommandId, "commandId"));
}
