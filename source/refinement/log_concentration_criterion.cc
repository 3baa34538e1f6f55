#include <fluxion/physics/interface.h>
#include <fluxion/refinement/kelly_criterion.h>
#include <fluxion/refinement/log_concentration_criterion.h>

#include <cmath>

namespace Fluxion
{
  template <int dim>
  void
  LogConcentrationCriterion<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry("Floor",
                      "1e12",
                      Patterns::Double(0),
                      "Concentrations below this count as this value, so "
                      "that the far field, where the solution is zero or "
                      "round-off, is not refined. Set it about a decade or "
                      "two below the smallest level of interest (e.g. the "
                      "background doping).");
  }

  template <int dim>
  void
  LogConcentrationCriterion<dim>::parse_parameters(ParameterHandler &prm)
  {
    floor = prm.get_double("Floor");
    AssertThrow(floor > 0,
                ExcMessage("Parameter <Mesh refinement/log concentration/"
                           "Floor> must be positive."));
  }

  template <int dim>
  void
  LogConcentrationCriterion<dim>::estimate(const PhysicsInterface<dim> &physics,
                                           Vector<float> &indicators) const
  {
    const auto &u = physics.get_solution();
    VectorType  owned(u.locally_owned_elements(), physics.get_communicator());
    for (const auto i : u.locally_owned_elements())
      owned[i] = std::log10(std::max(u[i], floor));
    owned.compress(VectorOperation::insert);
    VectorType log_u(u);
    log_u = owned;
    KellyCriterion<dim>::estimate_field(physics, log_u, indicators);
  }

  FLUXION_REGISTER_PLUGIN(RefinementCriterion,
                          LogConcentrationCriterion,
                          "log concentration",
                          "Kelly's estimator on log10(max(c, floor)): refines "
                          "the fronts of profiles that span many decades, "
                          "down to the floor.")
} // namespace Fluxion
