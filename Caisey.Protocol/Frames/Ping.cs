namespace Caisey.Protocol.Frames;

/// <summary>Node → agent: prove the bridge carries a round trip right now; answered by <see cref="Pong"/>.</summary>
public sealed record Ping(string Id) : Frame(Id)
{
    public override bool ExpectsAck => false;
}
