using System.Data;
using System.Data.Common;

namespace Lewel.Data.Stores;

internal static class DbCommandExtensions
{
    /// <summary>Adds a typed parameter through the provider-neutral API (SQLite and Npgsql both take <c>@name</c>).</summary>
    public static DbParameter AddParameter(this DbCommand command, string name, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
