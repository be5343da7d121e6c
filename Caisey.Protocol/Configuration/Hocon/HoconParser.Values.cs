namespace Caisey.Protocol.Configuration.Hocon;

internal sealed partial class HoconParser
{
    /// <summary>Reads one value, which may be a concatenation of several on the same line.</summary>
    private HoconValue ParseValue(HoconPath? path)
    {
        var start = Peek;
        var parts = new List<HoconValue>();
        HoconToken? pendingWhitespace = null;
        while (true)
        {
            var token = Peek;
            if (token.Kind == HoconTokenKind.Whitespace)
            {
                Next();
                pendingWhitespace = parts.Count > 0 ? token : null;
                continue;
            }

            if (token.Kind is not (HoconTokenKind.Quoted or HoconTokenKind.Unquoted or HoconTokenKind.Substitution
                or HoconTokenKind.OpenBrace or HoconTokenKind.OpenBracket))
            {
                break;
            }

            if (pendingWhitespace is not null)
            {
                parts.Add(new HoconString(pendingWhitespace.Text) { IsConcatenationWhitespace = true });
                pendingWhitespace = null;
            }

            parts.Add(ParseSingle(Next(), path));
        }

        if (parts.Count == 0)
        {
            throw Error(Peek, $"expected a value but found {Peek.Describe()}");
        }

        return parts.Count == 1 ? parts[0] : Concatenate(parts, start.Position);
    }

    private HoconValue ParseSingle(HoconToken token, HoconPath? path) => token.Kind switch
    {
        HoconTokenKind.Quoted => new HoconString(token.Text),
        HoconTokenKind.Unquoted => Literal(token.Text),
        HoconTokenKind.Substitution => new HoconSubstitution(
            HoconPathBuilder.Build(token.Parts, token.Position), token.Optional, _context.Prefix, token.Position),
        HoconTokenKind.OpenBrace => ParseObjectBody(path, braced: true),
        _ => ParseArray(),
    };

    private static HoconValue Literal(string text) => text switch
    {
        "true" => HoconBoolean.True,
        "false" => HoconBoolean.False,
        "null" => HoconNull.Instance,
        _ when HoconNumberSyntax.IsJsonNumber(text) => new HoconNumber(text),
        _ => new HoconString(text),
    };

    /// <summary>Literal parts become strings as written; only substitutions, objects and arrays wait for resolution.</summary>
    private static HoconValue Concatenate(List<HoconValue> parts, HoconPosition position)
    {
        var literal = parts.Select(part => part switch
        {
            HoconString s => s,
            HoconNumber or HoconBoolean or HoconNull => new HoconString(part.ToString()!),
            _ => part,
        }).ToList();
        if (literal.All(part => part is HoconString))
        {
            return new HoconString(string.Concat(literal.Cast<HoconString>().Select(s => s.Value)));
        }

        return new HoconConcatenation(literal, position);
    }

    private HoconArray ParseArray()
    {
        var items = new List<HoconValue>();
        while (true)
        {
            SkipWhitespaceAndNewlines();
            var token = Peek;
            if (token.Kind == HoconTokenKind.CloseBracket)
            {
                Next();
                return new HoconArray(items);
            }

            if (token.Kind == HoconTokenKind.End)
            {
                throw Error(token, "expected ']' but found end of input");
            }

            items.Add(ParseValue(path: null));
            SkipWhitespace();
            token = Peek;
            if (token.Kind == HoconTokenKind.Comma)
            {
                Next();
            }
            else if (token.Kind is not (HoconTokenKind.Newline or HoconTokenKind.CloseBracket or HoconTokenKind.End))
            {
                throw Error(token, $"expected ',', newline or ']' after an array element but found {token.Describe()}");
            }
        }
    }
}
