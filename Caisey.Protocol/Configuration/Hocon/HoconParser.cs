namespace Caisey.Protocol.Configuration.Hocon;

/// <summary>
/// Builds the unresolved value tree of one HOCON text. Duplicate keys are merged as they are read;
/// substitutions and concatenations are left for <see cref="HoconResolver"/>.
/// </summary>
internal sealed partial class HoconParser
{
    private readonly List<HoconToken> _tokens;
    private readonly HoconParseContext _context;
    private int _next;

    private HoconParser(List<HoconToken> tokens, HoconParseContext context)
    {
        _tokens = tokens;
        _context = context;
    }

    public static HoconObject Parse(string text, HoconParseContext context)
    {
        var parser = new HoconParser(HoconTokenizer.Tokenize(text, context.SourceName), context);
        return parser.ParseRoot();
    }

    private HoconToken Peek => _tokens[_next];

    private HoconToken PeekAfterWhitespace(int from)
    {
        while (_tokens[from].Kind is HoconTokenKind.Whitespace or HoconTokenKind.Newline)
        {
            from++;
        }

        return _tokens[from];
    }

    private HoconToken Next()
    {
        var token = _tokens[_next];
        if (token.Kind != HoconTokenKind.End)
        {
            _next++;
        }

        return token;
    }

    private void SkipWhitespace()
    {
        while (Peek.Kind == HoconTokenKind.Whitespace)
        {
            _next++;
        }
    }

    private void SkipWhitespaceAndNewlines()
    {
        while (Peek.Kind is HoconTokenKind.Whitespace or HoconTokenKind.Newline)
        {
            _next++;
        }
    }

    private static HoconException Error(HoconToken at, string message) => new(at.Position, message);

    private HoconObject ParseRoot()
    {
        SkipWhitespaceAndNewlines();
        if (Peek.Kind == HoconTokenKind.OpenBracket)
        {
            throw Error(Peek, "the root of a configuration must be an object, not an array");
        }

        if (Peek.Kind != HoconTokenKind.OpenBrace)
        {
            return ParseObjectBody(HoconPath.Empty, braced: false);
        }

        Next();
        var root = ParseObjectBody(HoconPath.Empty, braced: true);
        SkipWhitespaceAndNewlines();
        if (Peek.Kind != HoconTokenKind.End)
        {
            throw Error(Peek, $"expected end of input after the root object but found {Peek.Describe()}");
        }

        return root;
    }

    /// <summary>Reads fields up to '}' (or end of input without root braces). <paramref name="path"/> is null inside arrays.</summary>
    private HoconObject ParseObjectBody(HoconPath? path, bool braced)
    {
        var fields = new OrderedDictionary<string, HoconValue>(StringComparer.Ordinal);
        while (true)
        {
            SkipWhitespaceAndNewlines();
            var token = Peek;
            if (braced && token.Kind == HoconTokenKind.CloseBrace)
            {
                Next();
                break;
            }

            if (token.Kind == HoconTokenKind.End)
            {
                if (braced)
                {
                    throw Error(token, "expected '}' but found end of input");
                }

                break;
            }

            if (IsIncludeStatement())
            {
                ParseInclude(fields, path);
            }
            else
            {
                ParseField(fields, path, braced);
            }

            SkipWhitespace();
            token = Peek;
            if (token.Kind == HoconTokenKind.Comma)
            {
                Next();
            }
            else if (token.Kind is not (HoconTokenKind.Newline or HoconTokenKind.End)
                && !(braced && token.Kind == HoconTokenKind.CloseBrace))
            {
                var expected = braced ? "',', newline or '}'" : "',' or newline";
                throw Error(token, $"expected {expected} after a field but found {token.Describe()}");
            }
        }

        return new HoconObject(fields);
    }

    private void ParseField(OrderedDictionary<string, HoconValue> fields, HoconPath? path, bool braced)
    {
        var keyTokens = new List<HoconToken>();
        while (Peek.Kind is HoconTokenKind.Quoted or HoconTokenKind.Unquoted or HoconTokenKind.Whitespace)
        {
            keyTokens.Add(Next());
        }

        if (keyTokens.Count == 0)
        {
            var expected = braced ? "a key or '}'" : "a key";
            throw Error(Peek, $"expected {expected} but found {Peek.Describe()}");
        }

        var key = HoconPathBuilder.Build(keyTokens, keyTokens[0].Position);
        SkipWhitespaceAndNewlines();
        var separator = Peek;
        switch (separator.Kind)
        {
            case HoconTokenKind.Colon or HoconTokenKind.Equals or HoconTokenKind.PlusEquals:
                Next();
                break;
            case HoconTokenKind.OpenBrace:
                break;
            default:
                throw Error(separator, $"expected ':', '=' or '{{' after key '{key}' but found {separator.Describe()}");
        }

        SkipWhitespaceAndNewlines();
        var fieldPath = path?.Concat(key);
        var value = ParseValue(fieldPath);
        if (separator.Kind == HoconTokenKind.PlusEquals)
        {
            if (fieldPath is null)
            {
                throw Error(separator, "'+=' is not supported inside an object in an array");
            }

            var previous = new HoconSubstitution(fieldPath, optional: true, _context.Prefix, separator.Position);
            value = new HoconConcatenation([previous, new HoconArray([value])], separator.Position);
        }

        HoconMerge.Set(fields, key, value);
    }
}
