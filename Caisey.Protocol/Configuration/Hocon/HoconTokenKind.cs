namespace Caisey.Protocol.Configuration.Hocon;

internal enum HoconTokenKind
{
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    Comma,
    Colon,
    Equals,
    PlusEquals,
    Newline,
    Whitespace,
    Quoted,
    Unquoted,
    Substitution,
    End,
}
