using Microsoft.AspNetCore.Identity;

namespace Lewel.Data.Accounts;

/// <summary>A person who signs in to the studio or drives it with API tokens. Each user has exactly one of
/// <see cref="LewelRoles.All"/>.</summary>
public sealed class LewelUser : IdentityUser
{
    public LewelUser() { }

    public LewelUser(string userName) : base(userName) { }
}
