namespace Caisey.Protocol.Configuration.Hocon;

/// <summary>
/// One token. <see cref="Text"/> is the decoded value of a quoted string and the original text of
/// everything else. A substitution carries its path expression as <see cref="Parts"/>.
/// </summary>
internal sealed record HoconToken(HoconTokenKind Kind, string Text, HoconPosition Position)
{
    public bool Optional { get; init; }

    public IReadOnlyList<HoconToken> Parts { get; init; } = [];

    public string Describe() => Kind switch
    {
        HoconTokenKind.End => "end of input",
        HoconTokenKind.Newline => "newline",
        HoconTokenKind.Whitespace => "whitespace",
        HoconTokenKind.Quoted => $"string \"{Shorten(Text)}\"",
        HoconTokenKind.Substitution => "a substitution",
        _ => $"'{Shorten(Text)}'",
    };

    private static string Shorten(string text) => text.Length <= 30 ? text : text[..30] + "...";
}
