using System.Security.Cryptography;
using System.Text;

namespace Lewel.Data.Accounts;

/// <summary>Token text: <c>lewel_</c> followed by 32 random bytes in base64url. The prefix lets secret scanners and
/// people recognise a leaked token.</summary>
public static class ApiTokenSecret
{
    public const string Prefix = "lewel_";
    private const int SecretBytes = 32;

    public static string Generate() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A cheap shape check before any database lookup.</summary>
    public static bool LooksLikeToken(string? text) =>
        text is not null && text.StartsWith(Prefix, StringComparison.Ordinal) && text.Length is > 40 and < 100;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
