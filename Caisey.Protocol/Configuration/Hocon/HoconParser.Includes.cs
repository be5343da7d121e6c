namespace Caisey.Protocol.Configuration.Hocon;

internal sealed partial class HoconParser
{
    private const string IncludeKeyword = "include";

    /// <summary>An unquoted <c>include</c> starting a key, followed by a quoted name or <c>file(</c>/<c>required(</c>.</summary>
    private bool IsIncludeStatement()
    {
        if (Peek.Kind != HoconTokenKind.Unquoted || Peek.Text != IncludeKeyword)
        {
            return false;
        }

        var after = PeekAfterWhitespace(_next + 1);
        return after.Kind == HoconTokenKind.Quoted
            || (after.Kind == HoconTokenKind.Unquoted && after.Text.Contains('(', StringComparison.Ordinal));
    }

    private void ParseInclude(OrderedDictionary<string, HoconValue> fields, HoconPath? path)
    {
        var include = Next();
        SkipWhitespaceAndNewlines();
        var opener = "";
        while (Peek.Kind is HoconTokenKind.Unquoted or HoconTokenKind.Whitespace)
        {
            opener += Next().Text.Trim();
        }

        if (Peek.Kind != HoconTokenKind.Quoted)
        {
            throw Error(Peek, $"expected a quoted file name after 'include' but found {Peek.Describe()}");
        }

        var name = Next();
        if (opener is not ("" or "file(" or "required(" or "required(file("))
        {
            throw Error(include, $"unsupported include '{opener}': only include \"file\", file(\"...\") and required(file(\"...\")) are supported");
        }

        ExpectClosingParentheses(opener.Count(c => c == '('));
        var file = FindIncludedFile(name.Text) ?? throw Error(name,
            $"included file \"{name.Text}\" was not found (looked for {Path.GetFullPath(Combine(name.Text))})");
        var fullPath = Path.GetFullPath(file);
        if (_context.IncludeChain.Contains(fullPath))
        {
            throw Error(name, $"include cycle: {string.Join(" -> ", _context.IncludeChain.Append(fullPath))}");
        }

        var context = new HoconParseContext(
            file, Path.GetDirectoryName(file), _context.Prefix.Concat(path ?? HoconPath.Empty), [.. _context.IncludeChain, fullPath]);
        var included = Parse(File.ReadAllText(file), context);
        foreach (var (key, value) in included.Fields)
        {
            fields[key] = fields.TryGetValue(key, out var existing) ? HoconMerge.Merge(existing, value) : value;
        }
    }

    private void ExpectClosingParentheses(int count)
    {
        while (count > 0)
        {
            SkipWhitespace();
            var token = Peek;
            if (token.Kind != HoconTokenKind.Unquoted || token.Text.Any(c => c != ')') || token.Text.Length > count)
            {
                throw Error(token, $"expected ')' to close the include but found {token.Describe()}");
            }

            count -= Next().Text.Length;
        }
    }

    private string? FindIncludedFile(string name)
    {
        var candidate = Combine(name);
        if (File.Exists(candidate))
        {
            return candidate;
        }

        return Path.HasExtension(name)
            ? null
            : new[] { ".conf", ".json" }.Select(extension => candidate + extension).FirstOrDefault(File.Exists);
    }

    private string Combine(string name) => Path.IsPathRooted(name) ? name : Path.Combine(_context.Directory ?? "", name);
}
