namespace Lewel.Web.Apis;

/// <summary>Builds the <c>{ errors: { field: [messages] } }</c> bodies of 400 answers.</summary>
internal static class ApiErrors
{
    public static Dictionary<string, string[]> Field(string field, string message) => new() { [field] = [message] };
}
