#include <deal.II/dofs/dof_tools.h>

#include <fluxion/physics/interface.h>
#include <fluxion/refinement/kelly_criterion.h>
#include <fluxion/refinement/log_concentration_criterion.h>

#include <cmath>

namespace Fluxion
{
  template <int dim>
  LogConcentrationCriterion<dim>::LogConcentrationCriterion()
    : FieldWeightedCriterion<dim>("log concentration")
  {}

  template <int dim>
  void
  LogConcentrationCriterion<dim>::declare_parameters(ParameterHandler &prm)
  {
    FieldWeightedCriterion<dim>::declare_field_parameters(prm);
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
    FieldWeightedCriterion<dim>::parse_parameters(prm);
    floor = prm.get_double("Floor");
    AssertThrow(floor > 0,
                ExcMessage("Parameter <Mesh refinement/log concentration/"
                           "Floor> must be positive."));
  }

  template <int dim>
  std::vector<double>
  LogConcentrationCriterion<dim>::log_weights(
    const FieldDescriptions &fields) const
  {
    const auto w = this->weights(fields);
    for (unsigned int f = 0; f < fields.size(); ++f)
      AssertThrow(w[f] == 0 || fields[f].non_negative,
                  ExcMessage("<" + this->section + "/Fields> includes '" +
                             fields[f].name +
                             "', which can be negative: its logarithm is "
                             "not defined. List only concentrations, or "
                             "give it the scale 0."));
    return w;
  }

  template <int dim>
  void
  LogConcentrationCriterion<dim>::check_fields(
    const FieldDescriptions &fields) const
  {
    log_weights(fields);
  }

  template <int dim>
  void
  LogConcentrationCriterion<dim>::estimate(const PhysicsInterface<dim> &physics,
                                           Vector<float> &indicators) const
  {
    const auto weights = log_weights(physics.fields());
    // Fields left out are transformed too, but weigh nothing.
    const auto &u = physics.get_solution();
    VectorType  owned(u.locally_owned_elements(), physics.get_communicator());
    for (const auto i : u.locally_owned_elements())
      owned[i] = std::log10(std::max(static_cast<double>(u[i]), floor));
    // A logarithmic field's unknown is already ln(c).
    const auto fields = physics.fields();
    for (const auto &f : fields)
      if (f.logarithmic)
        for (const auto i :
             DoFTools::extract_dofs(physics.get_dof_handler(),
                                    f.mask(fields.n_components())) &
               u.locally_owned_elements())
          owned[i] = std::max(static_cast<double>(u[i]), std::log(floor)) /
                     std::log(10.0);
    owned.compress(VectorOperation::insert);
    VectorType log_u(u);
    log_u = owned;
    KellyCriterion<dim>::estimate_field(physics, log_u, weights, indicators);
  }

  FLUXION_REGISTER_PLUGIN(RefinementCriterion,
                          LogConcentrationCriterion,
                          "log concentration",
                          "Kelly's estimator on log10(max(c, floor)) of "
                          "non-negative fields: refines the fronts of "
                          "profiles that span many decades, down to the "
                          "floor.")
} // namespace Fluxion
