namespace Caisey.Protocol.Configuration.Hocon;

/// <summary>Splits HOCON text into tokens; comments are dropped, whitespace and newlines are kept.</summary>
internal sealed partial class HoconTokenizer
{
    private const string Forbidden = "$\"{}[]:=,+#`^?!@*&\\";

    private readonly string _text;
    private readonly string _source;
    private int _index;
    private int _line = 1;
    private int _column = 1;

    private HoconTokenizer(string text, string source)
    {
        _text = text;
        _source = source;
    }

    private HoconPosition Position => new(_source, _line, _column);

    private bool AtEnd => _index >= _text.Length;

    private char Current => _text[_index];

    public static List<HoconToken> Tokenize(string text, string source)
    {
        var tokenizer = new HoconTokenizer(text, source);
        var tokens = new List<HoconToken>();
        HoconToken token;
        do
        {
            token = tokenizer.Next();
            tokens.Add(token);
        }
        while (token.Kind != HoconTokenKind.End);
        return tokens;
    }

    internal static bool IsWhitespace(char c) => c != '\n' && (char.IsWhiteSpace(c) || c == '\uFEFF');

    private char PeekAt(int offset) => _index + offset < _text.Length ? _text[_index + offset] : '\0';

    private bool AtCommentStart => !AtEnd && (Current == '#' || (Current == '/' && PeekAt(1) == '/'));

    private void Advance()
    {
        if (_text[_index] == '\n')
        {
            _line++;
            _column = 1;
        }
        else
        {
            _column++;
        }

        _index++;
    }

    private HoconToken Next()
    {
        if (AtCommentStart)
        {
            while (!AtEnd && Current != '\n')
            {
                Advance();
            }
        }

        var position = Position;
        if (AtEnd)
        {
            return new HoconToken(HoconTokenKind.End, "", position);
        }

        var c = Current;
        if (c == '\n')
        {
            Advance();
            return new HoconToken(HoconTokenKind.Newline, "\n", position);
        }

        if (IsWhitespace(c))
        {
            return ReadWhitespace();
        }

        var single = c switch
        {
            '{' => HoconTokenKind.OpenBrace,
            '}' => HoconTokenKind.CloseBrace,
            '[' => HoconTokenKind.OpenBracket,
            ']' => HoconTokenKind.CloseBracket,
            ',' => HoconTokenKind.Comma,
            ':' => HoconTokenKind.Colon,
            '=' => HoconTokenKind.Equals,
            _ => (HoconTokenKind?)null,
        };
        if (single is { } kind)
        {
            Advance();
            return new HoconToken(kind, c.ToString(), position);
        }

        if (c == '+' && PeekAt(1) == '=')
        {
            Advance();
            Advance();
            return new HoconToken(HoconTokenKind.PlusEquals, "+=", position);
        }

        if (c == '"')
        {
            return PeekAt(1) == '"' && PeekAt(2) == '"' ? ReadTripleQuoted() : ReadQuoted();
        }

        if (c == '$')
        {
            return ReadSubstitution();
        }

        if (Forbidden.Contains(c))
        {
            throw new HoconException(position, $"reserved character '{c}' is not allowed outside quotes; put the text in quotes");
        }

        return ReadUnquoted();
    }

    private HoconToken ReadWhitespace()
    {
        var position = Position;
        var start = _index;
        while (!AtEnd && IsWhitespace(Current))
        {
            Advance();
        }

        return new HoconToken(HoconTokenKind.Whitespace, _text[start.._index], position);
    }

    private HoconToken ReadUnquoted()
    {
        var position = Position;
        var start = _index;
        while (!AtEnd)
        {
            var c = Current;
            if (c == '\n' || IsWhitespace(c) || (c == '/' && PeekAt(1) == '/'))
            {
                break;
            }

            if (Forbidden.Contains(c) && !(c == '+' && IsExponentSign(_text[start.._index])))
            {
                break;
            }

            Advance();
        }

        return new HoconToken(HoconTokenKind.Unquoted, _text[start.._index], position);
    }

    private static bool IsExponentSign(string before) => ExponentPrefix().IsMatch(before);

    [System.Text.RegularExpressions.GeneratedRegex("^-?[0-9]+(\\.[0-9]+)?[eE]$")]
    private static partial System.Text.RegularExpressions.Regex ExponentPrefix();
}
