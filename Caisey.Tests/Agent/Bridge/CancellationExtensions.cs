namespace Caisey.Tests.Agent.Bridge;

internal static class CancellationExtensions
{
    public static CancellationToken ToCancellationToken(this TimeSpan timeout) => new CancellationTokenSource(timeout).Token;
}
