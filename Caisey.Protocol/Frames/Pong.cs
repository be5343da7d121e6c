namespace Caisey.Protocol.Frames;

/// <summary>Agent → node: the answer to the <see cref="Ping"/> whose id is <paramref name="CorrelationId"/>.</summary>
public sealed record Pong(string Id, string CorrelationId) : Frame(Id)
{
    public override bool ExpectsAck => false;

    public override string? Validate() => FirstProblem(base.Validate(), Required(CorrelationId, "correlationId"));
}
