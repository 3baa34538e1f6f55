#include <deal.II/base/function.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/numerics/error_estimator.h>

#include <fluxion/physics/interface.h>
#include <fluxion/refinement/kelly_criterion.h>

namespace Fluxion
{
  template <int dim>
  KellyCriterion<dim>::KellyCriterion()
    : FieldWeightedCriterion<dim>("kelly")
  {}

  template <int dim>
  void
  KellyCriterion<dim>::declare_parameters(ParameterHandler &prm)
  {
    FieldWeightedCriterion<dim>::declare_field_parameters(prm);
  }

  template <int dim>
  void
  KellyCriterion<dim>::estimate(const PhysicsInterface<dim> &physics,
                                Vector<float>               &indicators) const
  {
    estimate_field(physics,
                   physics.get_solution(),
                   this->weights(physics.fields()),
                   indicators);
  }

  template <int dim>
  void
  KellyCriterion<dim>::estimate_field(const PhysicsInterface<dim> &physics,
                                      const VectorType            &field,
                                      const std::vector<double>   &weights,
                                      Vector<float>               &indicators)
  {
    const auto &dof_handler = physics.get_dof_handler();
    const auto  fields      = physics.fields();
    // Each field's jumps times its weight: the indicator is the square root
    // of the sum of the fields' weighted squares. Unweighted, the estimator
    // sees every component alike (as with one field).
    const bool weighted = !FieldWeightedCriterion<dim>::all_ones(weights);
    std::vector<double> coefficients(fields.n_components(), 0.0);
    std::vector<bool>   mask(fields.n_components(), false);
    for (unsigned int f = 0; f < fields.size(); ++f)
      for (unsigned int c = 0; c < fields[f].n_components; ++c)
        {
          coefficients[fields[f].first_component + c] = weights[f];
          mask[fields[f].first_component + c]         = weights[f] > 0;
        }
    const Functions::ConstantFunction<dim> coefficient_function(coefficients);
    KellyErrorEstimator<dim>::estimate(
      physics.get_mapping(),
      dof_handler,
      QGauss<dim - 1>(dof_handler.get_fe().degree + 1),
      {},
      field,
      indicators,
      weighted ? ComponentMask(mask) : ComponentMask(),
      weighted ? &coefficient_function : nullptr,
      numbers::invalid_unsigned_int,
      dof_handler.get_triangulation().locally_owned_subdomain());
  }

  FLUXION_REGISTER_PLUGIN(RefinementCriterion,
                          KellyCriterion,
                          "kelly",
                          "Kelly's estimator: jumps of the normal derivative "
                          "across faces, per field, weighted by <Scales>.")
} // namespace Fluxion
