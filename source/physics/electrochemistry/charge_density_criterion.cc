#include <deal.II/base/parameter_handler.h>

#include <fluxion/core/utilities.h>
#include <fluxion/physics/electrochemistry/poisson_nernst_planck.h>
#include <fluxion/refinement/interface.h>
#include <fluxion/refinement/kelly_criterion.h>

#include <cmath>

// A refinement criterion of the Poisson-Nernst-Planck physics: Kelly's
// estimator on the charge density of the ions.
namespace Fluxion
{
  /**
   * Kelly's estimator on the charge density of the ions, sum_i z_i c_i,
   * interpolated at the nodes. It is non-zero only where the electrolyte is
   * not neutral, so it refines the double layers and nothing else, and,
   * like every criterion, it is normalised by its largest value: it needs
   * no scale. The fixed charge X is left out (it is constant in a region,
   * and its jumps at region boundaries are not an error).
   */
  template <int dim>
  class ChargeDensityCriterion : public RefinementCriterion<dim>
  {
  public:
    static void
    declare_parameters(ParameterHandler &)
    {}

    void
    parse_parameters(ParameterHandler &) override
    {}

    void
    estimate(const PhysicsInterface<dim> &physics,
             Vector<float>               &indicators) const override
    {
      const auto *pnp =
        dynamic_cast<const PoissonNernstPlanck<dim> *>(&physics);
      // Every rank finds it: one clean stop, said once.
      if (pnp == nullptr)
        throw CollectiveError("Refinement criterion 'charge density' of "
                              "<Mesh refinement/Criteria> needs <Physics> = "
                              "poisson nernst planck.");
      const auto &species = pnp->get_species();
      const auto  fields  = physics.fields();
      const auto &dofs    = physics.get_dof_handler();
      const auto &u       = physics.get_solution();
      const auto &fe      = dofs.get_fe();

      // The charge at each node, stored in the first species' DoF there.
      VectorType owned(u.locally_owned_elements(), physics.get_communicator());
      std::vector<types::global_dof_index> indices(fe.n_dofs_per_cell());
      const unsigned int n_nodes = fe.base_element(0).n_dofs_per_cell();
      for (const auto &cell : dofs.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            cell->get_dof_indices(indices);
            for (unsigned int k = 0; k < n_nodes; ++k)
              {
                const auto target = indices[fe.component_to_system_index(
                  fields[0].first_component, k)];
                if (!owned.locally_owned_elements().is_element(target))
                  continue;
                double charge = 0;
                for (unsigned int s = 0; s < species.size(); ++s)
                  {
                    const double v = u[indices[fe.component_to_system_index(
                      fields[s].first_component, k)]];
                    charge += species[s].charge *
                              (fields[s].logarithmic ? std::exp(v) : v);
                  }
                owned[target] = charge;
              }
          }
      owned.compress(VectorOperation::insert);
      VectorType charge(u);
      charge = owned;
      std::vector<double> weights(fields.size(), 0.0);
      weights[0] = 1;
      KellyCriterion<dim>::estimate_field(physics, charge, weights, indicators);
    }
  };

  FLUXION_REGISTER_PLUGIN(RefinementCriterion,
                          ChargeDensityCriterion,
                          "charge density",
                          "Poisson-Nernst-Planck only: Kelly's estimator on "
                          "the ions' charge density sum z c; refines the "
                          "double layers, without a scale.")
} // namespace Fluxion
