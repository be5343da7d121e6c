namespace Caisey.Protocol.Configuration.Hocon;

/// <summary>
/// Invalid HOCON, an unresolvable substitution, or a setting of the wrong type. When the problem has
/// a place in a file, the message starts with <c>file:line:column: </c>.
/// </summary>
public sealed class HoconException : Exception
{
    public HoconException(string message)
        : base(message)
    {
    }

    public HoconException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal HoconException(HoconPosition position, string message)
        : base($"{position}: {message}")
    {
        SourceName = position.Source;
        Line = position.Line;
        Column = position.Column;
    }

    /// <summary>The file (or source) the error is in, when known.</summary>
    public string? SourceName { get; }

    /// <summary>1-based line of the error, when known.</summary>
    public int? Line { get; }

    /// <summary>1-based column of the error, when known.</summary>
    public int? Column { get; }
}
