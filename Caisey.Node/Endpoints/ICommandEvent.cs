namespace Caisey.Node.Endpoints;

/// <summary>An event about one command of the endpoint.</summary>
public interface ICommandEvent
{
    string CommandId { get; }

    DateTimeOffset At { get; }
}
