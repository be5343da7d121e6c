using System.Threading.Channels;

namespace Caisey.Tests.Agent.Bridge;

/// <summary>One agent connection on the <see cref="ScriptedNode"/>: a WebSocket, or a long-poll exchange session.</summary>
public sealed class TestNodeConnection(int number, string transport, Action abort)
{
    public int Number { get; } = number;

    public string Transport { get; } = transport;

    /// <summary>Encoded frames (JSON text) waiting to go to the agent.</summary>
    public Channel<string> Outbound { get; } = Channel.CreateUnbounded<string>();

    public bool Welcomed { get; set; }

    public bool Aborted { get; private set; }

    public void Abort()
    {
        Aborted = true;
        Outbound.Writer.TryComplete();
        abort();
    }
}
