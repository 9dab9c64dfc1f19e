namespace Lewel.Data.Accounts;

/// <summary>The three roles, each including the rights of the ones before it: a viewer reads, a researcher also
/// launches, cancels, resumes, evaluates, inspects and deletes runs (any run, not only their own), an admin also
/// manages users and sees the job dashboard.</summary>
public static class LewelRoles
{
    public const string Viewer = "viewer";
    public const string Researcher = "researcher";
    public const string Admin = "admin";

    /// <summary>From least to most rights.</summary>
    public static readonly IReadOnlyList<string> All = [Viewer, Researcher, Admin];

    public static bool IsRole(string? role) => role is not null && All.Contains(role);

    /// <summary>0 for viewer, 1 for researcher, 2 for admin; -1 for anything else.</summary>
    public static int Rank(string? role) => role is null ? -1 : All.ToList().IndexOf(role);

    /// <summary>Whether <paramref name="role"/> has at least the rights of <paramref name="required"/>.</summary>
    public static bool Includes(string? role, string required) => Rank(role) >= Rank(required) && Rank(required) >= 0;
}
