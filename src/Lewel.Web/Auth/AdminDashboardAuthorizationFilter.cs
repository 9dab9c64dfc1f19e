using Hangfire.Dashboard;
using Lewel.Data.Accounts;

namespace Lewel.Web.Auth;

/// <summary>With sign-in on, the job dashboard is for admins only, from any address including localhost (the route
/// also requires the admin policy; this filter is the dashboard's own check).</summary>
internal sealed class AdminDashboardAuthorizationFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) =>
        LewelRoles.Includes(LewelPolicies.RoleOf(context.GetHttpContext().User), LewelRoles.Admin);
}
