using Lewel.Engine.Config;

namespace Lewel.Web.Components.Forms;

/// <summary>Validation messages by camelCase config path (<c>lewel.numHeads</c>), cascaded to the form's fields so
/// each field shows the engine validator's own words for its value.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> byPath = new(StringComparer.OrdinalIgnoreCase);

    public static readonly FieldErrors None = new([]);

    public FieldErrors(IEnumerable<ConfigError> errors)
    {
        foreach (var error in errors) Add(error.Path, error.Message);
    }

    public FieldErrors(IReadOnlyDictionary<string, string[]> errors)
    {
        foreach (var (path, messages) in errors)
            foreach (var message in messages) Add(path, message);
    }

    public int Count => byPath.Values.Sum(v => v.Count);

    public bool Has(string path) => byPath.ContainsKey(path);

    /// <summary>The messages for <paramref name="path"/> joined into one line, or null.</summary>
    public string? For(string path) => byPath.TryGetValue(path, out var messages) ? string.Join("; ", messages) : null;

    /// <summary>Every error as "path: message", for the summary.</summary>
    public IEnumerable<ConfigError> All => byPath.SelectMany(p => p.Value.Select(m => new ConfigError(p.Key, m)));

    private void Add(string path, string message)
    {
        if (!byPath.TryGetValue(path, out var list)) byPath[path] = list = [];
        list.Add(message);
    }
}
