using System.Security.Claims;
using Lewel.Data.Accounts;
using Microsoft.AspNetCore.Authorization;

namespace Lewel.Web.Auth;

/// <summary>One authorization policy per role, named like the role. A policy is met by that role or a higher one;
/// when sign-in is off every policy is met, so the embedded studio works as before.</summary>
public static class LewelPolicies
{
    public const string Viewer = LewelRoles.Viewer;
    public const string Researcher = LewelRoles.Researcher;
    public const string Admin = LewelRoles.Admin;

    public static void Add(AuthorizationOptions options)
    {
        foreach (var role in LewelRoles.All)
            options.AddPolicy(role, p => p.AddRequirements(new RoleRequirement(role)));
    }

    /// <summary>The user's highest role, or null.</summary>
    public static string? RoleOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindAll(ClaimTypes.Role).Select(c => c.Value).Where(LewelRoles.IsRole).MaxBy(LewelRoles.Rank) : null;

    /// <summary>The name to record on what the user launches; null when nobody is signed in.</summary>
    public static string? NameOf(ClaimsPrincipal? user) => user?.Identity?.IsAuthenticated == true ? user.Identity.Name : null;
}

public sealed record RoleRequirement(string Role) : IAuthorizationRequirement;

internal sealed class RoleRequirementHandler(AuthMode mode) : AuthorizationHandler<RoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RoleRequirement requirement)
    {
        if (!mode.Enabled || LewelRoles.Includes(LewelPolicies.RoleOf(context.User), requirement.Role))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
