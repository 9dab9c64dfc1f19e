using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace Lewel.Web.Auth;

/// <summary>For components: who is signed in to this circuit and whether a policy allows an action. Pages check it
/// before they change anything, as the API's route policies do.</summary>
public sealed class SignedInUser(AuthenticationStateProvider authentication, IAuthorizationService authorization, AuthMode mode)
{
    public bool AuthEnabled => mode.Enabled;

    public async Task<bool> MayAsync(string policy)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return (await authorization.AuthorizeAsync(state.User, policy)).Succeeded;
    }

    /// <summary>The user name to record as a run's launcher, or null without sign-in.</summary>
    public async Task<string?> NameAsync() => LewelPolicies.NameOf((await authentication.GetAuthenticationStateAsync()).User);

    public static string Refusal(string policy) => $"Your role may not do this: it needs the {policy} role.";
}
