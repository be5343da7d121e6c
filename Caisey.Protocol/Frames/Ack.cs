namespace Caisey.Protocol.Frames;

/// <summary>Either direction: the frame with id <paramref name="CorrelationId"/> was received and handled.</summary>
public sealed record Ack(string Id, string CorrelationId) : Frame(Id)
{
    public override bool ExpectsAck => false;

    public override string? Validate() => FirstProblem(base.Validate(), Required(CorrelationId, "correlationId"));
}
