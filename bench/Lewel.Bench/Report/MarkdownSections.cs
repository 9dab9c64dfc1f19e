using System.Text.RegularExpressions;

namespace Lewel.Bench.Report;

/// <summary>Replaces the generated parts of a markdown file: the text between <c>&lt;!-- BEGIN generated:NAME --&gt;</c>
/// and <c>&lt;!-- END generated:NAME --&gt;</c>. A section without markers is appended at the end with them.</summary>
public static class MarkdownSections
{
    public static string Replace(string markdown, string name, string content)
    {
        var begin = $"<!-- BEGIN generated:{name} -->";
        var end = $"<!-- END generated:{name} -->";
        var block = $"{begin}\n{content.TrimEnd()}\n{end}";
        var pattern = new Regex(Regex.Escape(begin) + ".*?" + Regex.Escape(end), RegexOptions.Singleline);
        return pattern.IsMatch(markdown)
            ? pattern.Replace(markdown, _ => block, 1)
            : markdown.TrimEnd() + "\n\n" + block + "\n";
    }
}
