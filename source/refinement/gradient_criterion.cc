#include <deal.II/numerics/derivative_approximation.h>

#include <fluxion/physics/interface.h>
#include <fluxion/refinement/gradient_criterion.h>

#include <cmath>

namespace Fluxion
{
  template <int dim>
  GradientCriterion<dim>::GradientCriterion()
    : FieldWeightedCriterion<dim>("gradient")
  {}

  template <int dim>
  void
  GradientCriterion<dim>::declare_parameters(ParameterHandler &prm)
  {
    FieldWeightedCriterion<dim>::declare_field_parameters(prm);
  }

  template <int dim>
  void
  GradientCriterion<dim>::estimate(const PhysicsInterface<dim> &physics,
                                   Vector<float> &indicators) const
  {
    const auto &dof_handler = physics.get_dof_handler();
    const auto  fields      = physics.fields();
    const auto  weights     = this->weights(fields);
    // The gradient of each field (its first component) times its weight,
    // combined as the root of the sum of squares.
    Vector<float> g(indicators.size()), sum(indicators.size());
    for (unsigned int f = 0; f < fields.size(); ++f)
      if (weights[f] > 0)
        {
          DerivativeApproximation::approximate_gradient(
            physics.get_mapping(),
            dof_handler,
            physics.get_solution(),
            fields.size() == 1 ? indicators : g,
            fields[f].first_component);
          if (fields.size() > 1)
            for (unsigned int c = 0; c < g.size(); ++c)
              sum[c] += weights[f] * weights[f] * g[c] * g[c];
          else if (weights[f] != 1)
            indicators *= weights[f];
        }
    if (fields.size() > 1)
      for (unsigned int c = 0; c < sum.size(); ++c)
        indicators[c] = std::sqrt(sum[c]);
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        indicators[cell->active_cell_index()] *=
          std::pow(cell->diameter(), 1 + 0.5 * dim);
  }

  FLUXION_REGISTER_PLUGIN(RefinementCriterion,
                          GradientCriterion,
                          "gradient",
                          "Approximate gradient times h^(1+dim/2), per field, "
                          "weighted by <Scales>; follows steep fronts.")
} // namespace Fluxion
