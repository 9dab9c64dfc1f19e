namespace Lewel.Data.Entities;

/// <summary>Pretraining runs train a network; evaluation runs measure a checkpoint of their parent run.</summary>
public enum RunKind
{
    Pretrain,
    Eval,
}
