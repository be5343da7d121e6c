using System.Globalization;
using System.Text;

namespace Caisey.Protocol.Configuration.Hocon;

internal sealed partial class HoconTokenizer
{
    private HoconToken ReadQuoted()
    {
        var position = Position;
        Advance();
        var value = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw new HoconException(position, "unterminated quoted string: expected '\"' but found end of input");
            }

            var c = Current;
            if (c == '"')
            {
                Advance();
                return new HoconToken(HoconTokenKind.Quoted, value.ToString(), position);
            }

            if (c == '\n')
            {
                throw new HoconException(Position, "newline in quoted string: close the quote, or use \\n or a \"\"\"triple-quoted\"\"\" string");
            }

            if (c == '\\')
            {
                value.Append(ReadEscape());
                continue;
            }

            value.Append(c);
            Advance();
        }
    }

    private char ReadEscape()
    {
        var position = Position;
        Advance();
        if (AtEnd)
        {
            throw new HoconException(position, "unterminated escape sequence at end of input");
        }

        var e = Current;
        Advance();
        switch (e)
        {
            case '"' or '\\' or '/':
                return e;
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                var start = _index;
                for (var i = 0; i < 4; i++)
                {
                    if (AtEnd || !char.IsAsciiHexDigit(Current))
                    {
                        throw new HoconException(position, "\\u must be followed by four hex digits");
                    }

                    Advance();
                }

                return (char)int.Parse(_text.AsSpan(start, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            default:
                throw new HoconException(position, $"invalid escape '\\{e}' in quoted string (JSON escapes only)");
        }
    }

    private HoconToken ReadTripleQuoted()
    {
        var position = Position;
        Advance();
        Advance();
        Advance();
        var start = _index;
        while (!AtEnd)
        {
            if (Current == '"' && PeekAt(1) == '"' && PeekAt(2) == '"')
            {
                // The string ends at the last of a run of three or more quotes.
                var run = 0;
                while (PeekAt(run) == '"')
                {
                    run++;
                }

                var value = _text[start.._index] + new string('"', run - 3);
                for (var i = 0; i < run; i++)
                {
                    Advance();
                }

                return new HoconToken(HoconTokenKind.Quoted, value, position);
            }

            Advance();
        }

        throw new HoconException(position, "unterminated triple-quoted string: expected '\"\"\"' but found end of input");
    }

    private HoconToken ReadSubstitution()
    {
        var position = Position;
        Advance();
        if (AtEnd || Current != '{')
        {
            throw new HoconException(position, "'$' must start a substitution '${path}'; put a literal '$' in quotes");
        }

        Advance();
        var optional = !AtEnd && Current == '?';
        if (optional)
        {
            Advance();
        }

        var parts = new List<HoconToken>();
        while (true)
        {
            if (AtEnd || Current == '\n')
            {
                var found = AtEnd ? "end of input" : "newline";
                throw new HoconException(Position, $"expected '}}' to close the substitution but found {found}");
            }

            var c = Current;
            if (c == '}')
            {
                Advance();
                break;
            }

            if (c == '"')
            {
                parts.Add(PeekAt(1) == '"' && PeekAt(2) == '"' ? ReadTripleQuoted() : ReadQuoted());
            }
            else if (IsWhitespace(c))
            {
                parts.Add(ReadWhitespace());
            }
            else if (Forbidden.Contains(c) || (c == '/' && PeekAt(1) == '/'))
            {
                throw new HoconException(Position, $"unexpected '{c}' in substitution path");
            }
            else
            {
                parts.Add(ReadUnquoted());
            }
        }

        return new HoconToken(HoconTokenKind.Substitution, "${", position) { Optional = optional, Parts = parts };
    }
}
