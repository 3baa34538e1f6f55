#include <deal.II/numerics/derivative_approximation.h>

#include <fluxion/physics/interface.h>
#include <fluxion/refinement/gradient_criterion.h>

#include <cmath>

namespace Fluxion
{
  template <int dim>
  void
  GradientCriterion<dim>::declare_parameters(ParameterHandler &)
  {}

  template <int dim>
  void
  GradientCriterion<dim>::estimate(const PhysicsInterface<dim> &physics,
                                   Vector<float> &indicators) const
  {
    const auto &dof_handler = physics.get_dof_handler();
    DerivativeApproximation::approximate_gradient(physics.get_mapping(),
                                                  dof_handler,
                                                  physics.get_solution(),
                                                  indicators);
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        indicators[cell->active_cell_index()] *=
          std::pow(cell->diameter(), 1 + 0.5 * dim);
  }

  FLUXION_REGISTER_PLUGIN(RefinementCriterion,
                          GradientCriterion,
                          "gradient",
                          "Approximate gradient times h^(1+dim/2); follows "
                          "steep fronts.")
} // namespace Fluxion
