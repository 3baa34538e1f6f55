#include <deal.II/base/quadrature_lib.h>
#include <deal.II/numerics/error_estimator.h>

#include <fluxion/physics/interface.h>
#include <fluxion/refinement/kelly_criterion.h>

namespace Fluxion
{
  template <int dim>
  void
  KellyCriterion<dim>::declare_parameters(ParameterHandler &)
  {}

  template <int dim>
  void
  KellyCriterion<dim>::estimate(const PhysicsInterface<dim> &physics,
                                Vector<float>               &indicators) const
  {
    estimate_field(physics, physics.get_solution(), indicators);
  }

  template <int dim>
  void
  KellyCriterion<dim>::estimate_field(const PhysicsInterface<dim> &physics,
                                      const VectorType            &field,
                                      Vector<float>               &indicators)
  {
    const auto &dof_handler = physics.get_dof_handler();
    KellyErrorEstimator<dim>::estimate(
      physics.get_mapping(),
      dof_handler,
      QGauss<dim - 1>(dof_handler.get_fe().degree + 1),
      {},
      field,
      indicators,
      ComponentMask(),
      nullptr,
      numbers::invalid_unsigned_int,
      dof_handler.get_triangulation().locally_owned_subdomain());
  }

  FLUXION_REGISTER_PLUGIN(RefinementCriterion,
                          KellyCriterion,
                          "kelly",
                          "Kelly's estimator: jumps of the normal derivative "
                          "across faces.")
} // namespace Fluxion
