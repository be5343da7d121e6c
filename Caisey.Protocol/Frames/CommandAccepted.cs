namespace Caisey.Protocol.Frames;

/// <summary>Agent → node: the agent took the command (it is journaled and will run, or its stored result follows).</summary>
public sealed record CommandAccepted(string Id, string CommandId) : Frame(Id)
{
    public override string? Validate() => FirstProblem(base.Validate(), Required(CommandId, "commandId"));
}
