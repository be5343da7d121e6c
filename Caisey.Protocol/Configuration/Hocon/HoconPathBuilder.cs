using System.Text;

namespace Caisey.Protocol.Configuration.Hocon;

/// <summary>
/// Turns the tokens of a path expression (a key or the inside of <c>${...}</c>) into a path: '.' outside
/// quotes separates keys, whitespace between words is kept, whitespace around the ends is dropped.
/// </summary>
internal static class HoconPathBuilder
{
    public static HoconPath Build(IReadOnlyList<HoconToken> tokens, HoconPosition position)
    {
        var first = 0;
        var last = tokens.Count - 1;
        while (first <= last && tokens[first].Kind == HoconTokenKind.Whitespace)
        {
            first++;
        }

        while (last >= first && tokens[last].Kind == HoconTokenKind.Whitespace)
        {
            last--;
        }

        if (first > last)
        {
            throw new HoconException(position, "expected a path expression but found nothing");
        }

        var segments = new List<string>();
        var current = new StringBuilder();
        var hasContent = false;
        for (var i = first; i <= last; i++)
        {
            var token = tokens[i];
            if (token.Kind == HoconTokenKind.Quoted)
            {
                current.Append(token.Text);
                hasContent = true;
                continue;
            }

            foreach (var c in token.Text)
            {
                if (c == '.' && token.Kind == HoconTokenKind.Unquoted)
                {
                    EndSegment(token);
                }
                else
                {
                    current.Append(c);
                    hasContent = true;
                }
            }
        }

        EndSegment(tokens[last]);
        return new HoconPath([.. segments]);

        void EndSegment(HoconToken token)
        {
            if (!hasContent)
            {
                throw new HoconException(token.Position, "path has an empty key (as in 'a..b' or a leading or trailing '.'); quote an empty key as \"\"");
            }

            segments.Add(current.ToString());
            current.Clear();
            hasContent = false;
        }
    }
}
